import { describe, expect, it } from '@jest/globals';
import { RouteTransformError, applyTransform, transformError } from './route-transform.js';

const event = {
  id: 'evt_1',
  type: 'billing.invoice.paid',
  data: { id: 'in_1', amount_paid: 4900, lines: [1, 2, 3] },
};

describe('route transforms (JSONata)', () => {
  it('reshapes the event', async () => {
    expect(
      await applyTransform(
        '{ "invoice": data.id, "cents": data.amount_paid, "n": $count(data.lines) }',
        event,
      ),
    ).toEqual({
      invoice: 'in_1',
      cents: 4900,
      n: 3,
    });
  });

  it('reports a syntax error with its position, and nothing for a good expression', () => {
    expect(transformError('{ "a": ')).toMatch(/^JSONata: .+ \(at character \d+\)$/);
    expect(transformError('data.id')).toBeUndefined();
  });

  it('fails an expression that yields nothing, errs, recurses too deep, runs too long or grows too large', async () => {
    await expect(applyTransform('data.missing', event)).rejects.toThrow(
      'transform produced no value for this event',
    );
    await expect(applyTransform('$number("x") + $error("bad data")', event)).rejects.toThrow(
      RouteTransformError,
    );
    await expect(
      applyTransform('($f := function($n) { 1 + $f($n + 1) }; $f(0))', event),
    ).rejects.toThrow(/deeper than 200 levels/);
    await expect(
      applyTransform(
        '$map([1..100000], function($v) { $map([1..100], function($w) { $w * $v }) })',
        event,
        {
          timeoutMs: 20,
          maxDepth: 10_000,
          maxBytes: 1e12,
        },
      ),
    ).rejects.toThrow(/longer than 20 ms/);
    await expect(
      applyTransform('$map([1..1000], function($v) { data })', event, {
        timeoutMs: 5_000,
        maxDepth: 200,
        maxBytes: 1_000,
      }),
    ).rejects.toThrow(/more than 1000/);
  });
});
