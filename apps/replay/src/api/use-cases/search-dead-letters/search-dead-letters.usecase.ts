import { Inject, Injectable } from '@nestjs/common';
import { DeadLetterSearchRepository } from '@hookline/persistence';
import { SERVICE_CONFIG, type ServiceConfig } from '@hookline/runtime';
import { decodeCursor, type Page, toPage } from '../../http/pagination.js';
import { toDeadLetterFilter } from './dead-letter-filter.js';
import { type DeadLetterSummary, toDeadLetterSummary } from './dead-letter.view.js';
import { type SearchDeadLettersCommand } from './search-dead-letters.command.js';

@Injectable()
export class SearchDeadLetters {
  constructor(
    private readonly deadLetters: DeadLetterSearchRepository,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  async execute(command: SearchDeadLettersCommand): Promise<Page<DeadLetterSummary>> {
    const { principal, input } = command;
    const filter = toDeadLetterFilter(principal, input, this.config.kafka.topicPrefix);
    const rows = await this.deadLetters.search(filter, {
      after: decodeCursor(input.cursor),
      limit: input.limit + 1,
    });
    return toPage(
      rows,
      input.limit,
      (row) => ({ at: row.failedAt, id: row.id }),
      toDeadLetterSummary,
    );
  }
}
