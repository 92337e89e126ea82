import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One running process of a Hookline service. Each instance refreshes its row while it
 * runs, which gives operators (and the console) a view of the pipeline's members.
 */
@Entity({ name: 'service_instances' })
@Index('service_instances_service_idx', ['service', 'lastSeenAt'])
export class ServiceInstance {
  @PrimaryColumn({ name: 'instance_id', type: 'text' })
  instanceId!: string;

  @Column({ type: 'text' })
  service!: string;

  @Column({ type: 'text' })
  hostname!: string;

  @Column({ type: 'integer' })
  pid!: number;

  @Column({ type: 'text' })
  version!: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt!: Date;

  @Column({ name: 'stopped_at', type: 'timestamptz', nullable: true })
  stoppedAt!: Date | null;
}
