import { type FastifyRequest } from 'fastify';

/** Everything under it needs a token; health, metrics and the OpenAPI document do not. */
export const API_PREFIX = '/api/v1';

export function isApiRequest(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0] ?? '';
  return path === API_PREFIX || path.startsWith(`${API_PREFIX}/`);
}

export function isChangingRequest(request: FastifyRequest): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(request.method);
}
