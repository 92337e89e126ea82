import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiForbiddenResponse } from '@nestjs/swagger';
import { type OperatorRole } from './operator-principal.js';

export const MIN_ROLE = 'hookline:min-role';

/** The lowest role that may call the handler (default `viewer`: any valid token). */
export function MinRole(role: OperatorRole): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(MIN_ROLE, role),
    ApiForbiddenResponse({ description: `needs role ${role} or above` }),
  );
}
