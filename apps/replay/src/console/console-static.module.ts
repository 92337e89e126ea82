import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { type ServiceConfig } from '@hookline/runtime';

/** Where the build puts the console: `dist/apps/console`, beside this app's `dist/apps/replay`. */
const BUILT_CONSOLE = fileURLToPath(new URL('../../../console/', import.meta.url));

/**
 * The operator console's static files at `/` (the API stays at `/api/v1`). Built files
 * only: when the folder has no `index.html` (the console was not built), nothing is
 * served and the log says so.
 */
@Module({})
export class ConsoleStaticModule {
  static register(config: ServiceConfig): DynamicModule {
    const rootPath = config.console.staticDir ?? BUILT_CONSOLE;
    if (!existsSync(join(rootPath, 'index.html'))) {
      new Logger(ConsoleStaticModule.name).warn(
        `no console at ${rootPath} (run \`npm run build\`): only the API is served`,
      );
      return { module: ConsoleStaticModule };
    }
    return {
      module: ConsoleStaticModule,
      imports: [
        ServeStaticModule.forRoot({
          rootPath,
          serveStaticOptions: {
            // Hashed asset names change with their content; index.html must be read anew.
            setHeaders: (reply: { header(name: string, value: string): unknown }, path: string) =>
              reply.header(
                'cache-control',
                path.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
              ),
          },
        }),
      ],
    };
  }
}
