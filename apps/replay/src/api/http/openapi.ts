import { applyDecorators } from '@nestjs/common';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiQuery,
  ApiUnauthorizedResponse,
  DocumentBuilder,
  SwaggerModule,
} from '@nestjs/swagger';
import { z } from 'zod';

/** Swagger UI at `/api/docs`, the document itself at `/api/docs-json`. */
export function setupOpenApi(app: NestFastifyApplication, version: string): void {
  const config = new DocumentBuilder()
    .setTitle('Hookline operator API')
    .setDescription(
      'Events and their timelines, dead letters, replays and tokens. Every `/api/v1` route ' +
        'needs `Authorization: Bearer hl_<id>_<secret>`; roles: viewer < operator < admin.',
    )
    .setVersion(version)
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, config), {
    jsonDocumentUrl: 'api/docs-json',
  });
}

type JsonSchema = Record<string, unknown>;

function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
}

/** The query parameters of a handler, from the same zod schema that validates them. */
export function ApiZodQuery(schema: z.ZodObject): MethodDecorator {
  const json = jsonSchemaOf(schema) as { properties?: Record<string, JsonSchema> };
  return applyDecorators(
    ...Object.entries(json.properties ?? {}).map(([name, property]) =>
      ApiQuery({ name, required: false, schema: property }),
    ),
  );
}

/** A 200 answer described by a zod schema. */
export function ApiZodOk(schema: z.ZodType, description?: string): MethodDecorator {
  return ApiOkResponse({ description, schema: jsonSchemaOf(schema) });
}

/** What every `/api/v1` handler may answer besides its own: 400, 401 (and 404 for one object). */
export function ApiOperatorRoute(
  options: { oneObject?: boolean } = {},
): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'missing or invalid bearer token' }),
    ApiBadRequestResponse({ description: 'a bad filter, cursor or body, named in message' }),
    ...(options.oneObject
      ? [ApiNotFoundResponse({ description: 'none such, or of a tenant outside the token' })]
      : []),
  );
}
