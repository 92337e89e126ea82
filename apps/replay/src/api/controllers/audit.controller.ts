import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { MinRole } from '../auth/min-role.decorator.js';
import { type OperatorPrincipal } from '../auth/operator-principal.js';
import { ApiOperatorRoute, ApiZodQuery } from '../http/openapi.js';
import { type Page } from '../http/pagination.js';
import { ListAuditCommand, ListAuditInput } from '../use-cases/list-audit/list-audit.command.js';
import { type AuditEntry, ListAudit } from '../use-cases/list-audit/list-audit.usecase.js';

@ApiTags('admin')
@ApiOperatorRoute()
@MinRole('admin')
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly listAudit: ListAudit) {}

  @Get()
  @ApiZodQuery(ListAuditInput)
  list(
    @CurrentPrincipal() principal: OperatorPrincipal,
    @Query() query: unknown,
  ): Promise<Page<AuditEntry>> {
    return this.listAudit.execute(ListAuditCommand.create(principal, query));
  }
}
