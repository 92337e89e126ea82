import { Injectable } from '@nestjs/common';
import { DatabaseConnection } from '../database.connection.js';
import { ServiceInstance } from './service-instance.entity.js';

@Injectable()
export class ServiceInstanceRepository {
  constructor(private readonly database: DatabaseConnection) {}

  /** Records that `instance` is alive now (inserting it on first call). */
  async heartbeat(instance: Omit<ServiceInstance, 'lastSeenAt' | 'stoppedAt'>): Promise<void> {
    await this.database
      .get()
      .createQueryBuilder()
      .insert()
      .into(ServiceInstance)
      .values({ ...instance, lastSeenAt: new Date(), stoppedAt: null })
      .orUpdate(['last_seen_at', 'stopped_at'], ['instance_id'])
      .execute();
  }

  async markStopped(instanceId: string): Promise<void> {
    await this.database
      .get()
      .getRepository(ServiceInstance)
      .update({ instanceId }, { stoppedAt: new Date() });
  }

  /** Instances of every service seen within `withinMs`, newest first. */
  async listLive(withinMs: number): Promise<ServiceInstance[]> {
    return this.database
      .get()
      .getRepository(ServiceInstance)
      .createQueryBuilder('i')
      .where('i.stopped_at IS NULL')
      .andWhere('i.last_seen_at > :since', { since: new Date(Date.now() - withinMs) })
      .orderBy('i.last_seen_at', 'DESC')
      .getMany();
  }
}
