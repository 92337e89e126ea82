import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { type FastifyRequest } from 'fastify';
import { type OperatorPrincipal } from './operator-principal.js';

type AuthenticatedRequest = FastifyRequest & { principal?: OperatorPrincipal };

export function setPrincipal(request: FastifyRequest, principal: OperatorPrincipal): void {
  (request as AuthenticatedRequest).principal = principal;
}

export function principalOf(request: FastifyRequest): OperatorPrincipal | undefined {
  return (request as AuthenticatedRequest).principal;
}

/** The authenticated caller of an `/api/v1` handler (the guard has made sure there is one). */
export const CurrentPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): OperatorPrincipal => {
    const principal = principalOf(context.switchToHttp().getRequest<FastifyRequest>());
    if (!principal) throw new Error('CurrentPrincipal used outside /api/v1');
    return principal;
  },
);
