import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { CurrentPrincipal } from '../auth/current-principal.decorator.js';
import { type OperatorPrincipal } from '../auth/operator-principal.js';
import { ApiOperatorRoute, ApiZodOk } from '../http/openapi.js';

const Whoami = z.object({
  tokenId: z.string(),
  name: z.string(),
  role: z.enum(['viewer', 'operator', 'admin']),
  tenants: z.array(z.string()),
});

@ApiTags('auth')
@ApiOperatorRoute()
@Controller('api/v1/whoami')
export class WhoamiController {
  @Get()
  @ApiZodOk(Whoami, 'the caller: token name, role and tenants (["*"]: every tenant)')
  whoami(@CurrentPrincipal() principal: OperatorPrincipal): z.infer<typeof Whoami> {
    return principal.toJSON();
  }
}
