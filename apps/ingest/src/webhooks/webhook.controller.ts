import { Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { type FastifyReply, type FastifyRequest } from 'fastify';
import { type ReceivedBody } from './raw-body-parser.js';
import { WebhookIntake } from './webhook-intake.service.js';

/** `POST /webhooks/{sourceId}`: thin; the intake decides, this only speaks HTTP. */
@Controller('webhooks')
export class WebhookController {
  constructor(private readonly intake: WebhookIntake) {}

  @Post(':sourceId')
  @HttpCode(200)
  async receive(
    @Param('sourceId') sourceId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const body = request.body as ReceivedBody | undefined;
    // Cut off by the body deadline (answered 408 already) or gone: nothing to say.
    if (reply.sent || body?.kind === 'aborted') return;
    const response = await this.intake.receive({
      sourceId,
      method: request.method,
      url: request.url,
      headers: request.headers,
      body,
    });
    await reply.status(response.status).headers(response.headers).send(response.body);
  }
}
