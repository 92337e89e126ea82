import {
  deadLetterTopicName,
  mainTopicOfDeadLetters,
  prefixedTopic,
  replayTopicName,
  Topics,
  type TopicName,
} from '@hookline/contracts';

/** The stage topics a replay reads from and writes to, under this deployment's prefix. */
export class ReplayTopics {
  private readonly mains: Map<string, TopicName>;

  constructor(private readonly prefix: string) {
    this.mains = new Map(
      Object.values(Topics).map((topic) => [prefixedTopic(prefix, topic), topic] as const),
    );
  }

  /** The stage a dead-letter topic belongs to, or undefined when it is no Hookline DLT. */
  stageOfDeadLetters(deadLetterTopic: string): TopicName | undefined {
    const main = mainTopicOfDeadLetters(deadLetterTopic);
    return main === undefined ? undefined : this.mains.get(main);
  }

  isDeadLetterTopic(topic: string): boolean {
    return this.stageOfDeadLetters(topic) !== undefined;
  }

  /** A dead-letter topic or the main topic of a stage (a dead letter's original topic). */
  isStageTopic(topic: string): boolean {
    return this.isDeadLetterTopic(topic) || this.mains.has(topic);
  }

  deadLetterTopics(): string[] {
    return [...this.mains.keys()].map(deadLetterTopicName);
  }

  /** The replay lane of a stage: where its replayed records go. */
  laneOf(stage: TopicName): string {
    return replayTopicName(prefixedTopic(this.prefix, stage));
  }
}
