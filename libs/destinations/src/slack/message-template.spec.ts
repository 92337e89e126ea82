import { describe, expect, it } from '@jest/globals';
import { sampleIntegrationEvent } from '@hookline/testing';
import { renderTemplate } from './message-template.js';

describe('renderTemplate', () => {
  const event = sampleIntegrationEvent({ data: { amount_paid: 4200, customer: { name: 'Ada' } } });

  it('replaces each placeholder by its expression on the event', () => {
    expect(
      renderTemplate('{{ type }}: {{data.customer.name}} paid {{ data.amount_paid / 100 }}', event),
    ).toBe('stripe.invoice.paid: Ada paid 42');
  });

  it('leaves missing fields empty and text without placeholders as it is', () => {
    expect(renderTemplate('[{{ data.nothing.here }}]', event)).toBe('[]');
    expect(renderTemplate('plain text', event)).toBe('plain text');
  });
});
