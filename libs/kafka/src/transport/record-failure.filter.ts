import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { type Observable, throwError } from 'rxjs';

/**
 * The last filter of every Kafka handler: hands an error no other filter took back to
 * the consumer runtime unchanged. Without it NestJS's default RPC filter would log it
 * and replace it with a generic "Internal server error", and the error's class (retry
 * or dead letter) and message would be lost. Filters on a handler or its class come
 * first and may turn one error into another (a `PermanentError`, say) or swallow it.
 */
@Catch()
export class RecordFailureFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
