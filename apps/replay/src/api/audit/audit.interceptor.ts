import {
  type CallHandler,
  type ExecutionContext,
  HttpException,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type FastifyRequest } from 'fastify';
import { defer, from, lastValueFrom, type Observable } from 'rxjs';
import { principalOf } from '../auth/current-principal.decorator.js';
import { isApiRequest, isChangingRequest } from '../auth/api-routes.js';
import { AUDIT_ACTION } from './audit-action.decorator.js';
import { AuditLog } from './audit-log.service.js';

/**
 * Every `/api/v1` call that changes something ends in the audit log: the use case's own
 * record, or else this one (succeeded, or failed with the status). Denied calls are
 * recorded by the guard, which runs before this.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly audit: AuditLog,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!isApiRequest(request) || !isChangingRequest(request)) return next.handle();
    const action =
      this.reflector.get<string | undefined>(AUDIT_ACTION, context.getHandler()) ??
      `${request.method} ${request.routeOptions.url ?? request.url}`;
    const principal = principalOf(request) ?? null;
    const target = targetOf(request);
    return defer(() => {
      const run = this.audit.track(() => lastValueFrom(next.handle(), { defaultValue: undefined }));
      return from(
        run.result.then(
          async (value) => {
            if (!run.recorded())
              await this.audit.tryRecord({ principal, action, target, outcome: 'succeeded' });
            return value;
          },
          async (error: unknown) => {
            if (!run.recorded())
              await this.audit.tryRecord({
                principal,
                action,
                target,
                outcome: 'failed',
                detail: {
                  status: error instanceof HttpException ? error.getStatus() : 500,
                  message: error instanceof Error ? error.message : String(error),
                },
              });
            throw error;
          },
        ),
      );
    });
  }
}

function targetOf(request: FastifyRequest): string | null {
  const params = request.params as Record<string, string> | undefined;
  return params?.['id'] ?? null;
}
