import { Inject, Injectable } from '@nestjs/common';
import { DeadLetterSearchRepository } from '@hookline/persistence';
import { SERVICE_CONFIG, type ServiceConfig } from '@hookline/runtime';
import { toDeadLetterFilter } from '../search-dead-letters/dead-letter-filter.js';
import { type SummarizeDeadLettersCommand } from './summarize-dead-letters.command.js';

export interface DeadLetterSummaryCounts {
  groups: { key: string | null; count: number }[];
}

@Injectable()
export class SummarizeDeadLetters {
  constructor(
    private readonly deadLetters: DeadLetterSearchRepository,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async execute(command: SummarizeDeadLettersCommand): Promise<DeadLetterSummaryCounts> {
    const { principal, input } = command;
    const filter = toDeadLetterFilter(principal, input, this.config.kafka.topicPrefix);
    return { groups: await this.deadLetters.summarize(input.by, filter) };
  }
}
