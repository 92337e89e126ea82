import { SetMetadata } from '@nestjs/common';

export const AUDIT_ACTION = 'hookline:audit-action';

/** Names a changing handler's action in the audit log (default `<METHOD> <route>`). */
export const AuditAction = (action: string): MethodDecorator => SetMetadata(AUDIT_ACTION, action);
