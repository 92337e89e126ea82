import { Injectable, NotFoundException } from '@nestjs/common';
import { DeadLetterSearchRepository } from '@hookline/persistence';
import { type DeadLetter, toDeadLetter } from '../search-dead-letters/dead-letter.view.js';
import { type GetDeadLetterCommand } from './get-dead-letter.command.js';

@Injectable()
export class GetDeadLetter {
  constructor(private readonly deadLetters: DeadLetterSearchRepository) {}

  /** 404 alike for none and for one of another tenant: existence is not revealed. */
  async execute(command: GetDeadLetterCommand): Promise<DeadLetter> {
    const record = await this.deadLetters.find(command.id, command.principal.tenants);
    if (!record) throw new NotFoundException(`no dead letter "${command.id}"`);
    return toDeadLetter(record);
  }
}
