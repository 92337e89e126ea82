import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import { canonicalJson } from './config-document.js';
import { ConfigValidationError, formatConfigIssue } from './config-validation.error.js';
import { loadConfig } from './load-config.js';
import { type ConfigEnv } from './resolve-secrets.js';
import { type HooklineConfig } from './schema/hookline-config.js';

export interface ConfigWatcherLogger {
  log(message: string): void;
  warn(message: string): void;
}

export interface ConfigWatcherOptions {
  path: string;
  /** Where `env:NAME` secrets come from; loadConfig's default when omitted. */
  env: ConfigEnv;
  logger?: ConfigWatcherLogger;
  /** Editors write a file in several steps (or replace it): wait for quiet first. */
  debounceMs?: number;
}

export type ConfigChangeListener = (next: HooklineConfig, previous: HooklineConfig) => void;

/**
 * Holds the current configuration and reloads it, without a restart, when the file changes
 * or the process receives SIGHUP. An invalid file never replaces a valid configuration: the
 * old one stays, the issues are logged, and `rejectedReloads` counts it.
 */
export class ConfigWatcher {
  private readonly path: string;
  private readonly logger: ConfigWatcherLogger;
  private readonly debounceMs: number;
  private readonly listeners = new Set<ConfigChangeListener>();
  private config: HooklineConfig | undefined;
  private watcher: FSWatcher | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private rejected = 0;
  private readonly onSighup = () => {
    this.logger.log('SIGHUP received: reloading configuration');
    this.reload();
  };

  constructor(private readonly options: ConfigWatcherOptions) {
    this.path = resolve(options.path);
    this.logger = options.logger ?? new Logger(ConfigWatcher.name);
    this.debounceMs = options.debounceMs ?? 100;
  }

  /** Loads the file (throwing ConfigValidationError when invalid), then starts watching. */
  start(): HooklineConfig {
    if (this.watcher && this.config) return this.config;
    const config = loadConfig(this.path, this.options.env);
    this.config = config;
    // The directory, not the file: editors replace the file, which would leave a watcher
    // on the old inode deaf. Kubernetes ConfigMaps swap a `..data` symlink beside it.
    const file = basename(this.path);
    this.watcher = watch(dirname(this.path), { persistent: false }, (_event, name) => {
      if (name === null || name === file || name.startsWith('..')) this.scheduleReload();
    });
    this.watcher.on('error', (error) =>
      this.logger.warn(`watching ${this.path} failed: ${error.message}`),
    );
    process.on('SIGHUP', this.onSighup);
    this.logger.log(`configuration loaded from ${this.path}`);
    return config;
  }

  get current(): HooklineConfig {
    if (!this.config) throw new Error('ConfigWatcher.start() has not been called');
    return this.config;
  }

  /** Reloads that were refused because the file was invalid, since start. */
  get rejectedReloads(): number {
    return this.rejected;
  }

  /** Calls `listener` after each reload that changed the configuration; returns an unsubscribe. */
  onChange(listener: ConfigChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Loads the file now. True when the configuration changed. */
  reload(): boolean {
    const previous = this.config;
    if (!previous) return false;
    let next: HooklineConfig;
    try {
      next = loadConfig(this.path, this.options.env);
    } catch (error) {
      this.rejected += 1;
      const issues =
        error instanceof ConfigValidationError
          ? error.issues.map((issue) => `  ${formatConfigIssue(issue)}`).join('\n')
          : `  ${(error as Error).message}`;
      this.logger.warn(`configuration reload rejected, keeping the previous one:\n${issues}`);
      return false;
    }
    if (canonicalJson(next) === canonicalJson(previous)) return false;
    this.config = next;
    this.logger.log(`configuration reloaded from ${this.path}`);
    for (const listener of this.listeners) {
      try {
        listener(next, previous);
      } catch (error) {
        this.logger.warn(`configuration change listener failed: ${(error as Error).message}`);
      }
    }
    return true;
  }

  /** Stops watching (the current configuration stays readable); start() watches again. */
  stop(): void {
    clearTimeout(this.debounce);
    this.debounce = undefined;
    this.watcher?.close();
    this.watcher = undefined;
    process.off('SIGHUP', this.onSighup);
  }

  private scheduleReload(): void {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      this.reload();
    }, this.debounceMs);
  }
}
