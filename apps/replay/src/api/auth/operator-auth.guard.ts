import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { AUDIT_ACTION } from '../audit/audit-action.decorator.js';
import { AuditLog } from '../audit/audit-log.service.js';
import { isApiRequest, isChangingRequest } from './api-routes.js';
import { setPrincipal } from './current-principal.decorator.js';
import { MIN_ROLE } from './min-role.decorator.js';
import { type OperatorPrincipal, type OperatorRole } from './operator-principal.js';
import { TokenAuthenticator } from './token-authenticator.service.js';

/**
 * The global guard of `/api/v1`: a valid bearer token (401), a role at least the
 * handler's `@MinRole` (403). A denied call that would have changed something is
 * audited. Other routes (health, metrics, the OpenAPI document) pass untouched.
 */
@Injectable()
export class OperatorAuthGuard implements CanActivate {
  constructor(
    private readonly authenticator: TokenAuthenticator,
    private readonly reflector: Reflector,
    private readonly audit: AuditLog,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!isApiRequest(request)) return true;
    const principal = await this.authenticator.authenticate(request.headers.authorization);
    if (!principal) {
      await this.deny(context, request, null, 'missing or invalid bearer token');
      context
        .switchToHttp()
        .getResponse<FastifyReply>()
        .header('www-authenticate', 'Bearer realm="hookline"');
      throw new UnauthorizedException('a valid bearer token is required');
    }
    const minRole =
      this.reflector.getAllAndOverride<OperatorRole | undefined>(MIN_ROLE, [
        context.getHandler(),
        context.getClass(),
      ]) ?? 'viewer';
    if (!principal.hasRole(minRole)) {
      const reason = `role ${principal.role} may not do this: needs ${minRole} or above`;
      await this.deny(context, request, principal, reason);
      throw new ForbiddenException(reason);
    }
    setPrincipal(request, principal);
    return true;
  }

  private async deny(
    context: ExecutionContext,
    request: FastifyRequest,
    principal: OperatorPrincipal | null,
    reason: string,
  ): Promise<void> {
    if (!isChangingRequest(request)) return;
    const action =
      this.reflector.get<string | undefined>(AUDIT_ACTION, context.getHandler()) ??
      `${request.method} ${request.routeOptions.url ?? request.url}`;
    const params = request.params as Record<string, string> | undefined;
    await this.audit.tryRecord({
      principal,
      action,
      target: params?.['id'] ?? null,
      outcome: 'denied',
      detail: { reason },
    });
  }
}
