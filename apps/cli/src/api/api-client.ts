import { ApiError, ApiUnreachableError } from './api-errors.js';
import {
  type DeadLetter,
  type DeadLetterDetail,
  type EventDetail,
  type EventSummary,
  type Groups,
  type Page,
  type ReplayJob,
  type ReplayRequest,
  type Whoami,
} from './api-types.js';

export interface ApiClientOptions {
  /** Base URL of the replay app, e.g. `http://127.0.0.1:8084` (`/api/v1` is added). */
  baseUrl: string;
  token: string | undefined;
  timeoutMs?: number;
}

export type Query = Record<string, string | number | undefined>;

/** The operator API (`/api/v1` on the replay app), one method per endpoint the CLI uses. */
export class OperatorApiClient {
  private readonly root: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: ApiClientOptions) {
    this.root = `${options.baseUrl.replace(/\/+$/, '')}/api/v1`;
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  whoami = () => this.get<Whoami>('/whoami');
  listEvents = (query: Query) => this.get<Page<EventSummary>>('/events', query);
  event = (id: string) => this.get<EventDetail>(`/events/${encodeURIComponent(id)}`);
  listDeadLetters = (query: Query) => this.get<Page<DeadLetter>>('/dead-letters', query);
  deadLetter = (id: string) =>
    this.get<DeadLetterDetail>(`/dead-letters/${encodeURIComponent(id)}`);
  deadLetterSummary = (query: Query) => this.get<Groups>('/dead-letters/summary', query);
  createReplay = (request: ReplayRequest) => this.send<ReplayJob>('POST', '/replays', request);
  listReplays = (query: Query) => this.get<Page<ReplayJob>>('/replays', query);
  replay = (id: string) => this.get<ReplayJob>(`/replays/${encodeURIComponent(id)}`);
  startReplay = (id: string) =>
    this.send<ReplayJob>('POST', `/replays/${encodeURIComponent(id)}/start`);
  cancelReplay = (id: string) =>
    this.send<ReplayJob>('POST', `/replays/${encodeURIComponent(id)}/cancel`);

  private get<T>(path: string, query: Query = {}): Promise<T> {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') search.set(name, String(value));
    }
    const suffix = search.size > 0 ? `?${search.toString()}` : '';
    return this.send<T>('GET', `${path}${suffix}`);
  }

  private async send<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = `${this.root}${path}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.options.token) headers['authorization'] = `Bearer ${this.options.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new ApiUnreachableError(
        `cannot reach the operator API at ${this.options.baseUrl}: ${reasonOf(error)}`,
      );
    }
    const text = await response.text();
    const parsed = parseJson(text);
    if (!response.ok) {
      throw new ApiError(response.status, describeFailure(method, path, response, parsed), parsed);
    }
    return parsed as T;
  }
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'no answer in time';
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string }) : {};
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

/** `GET /api/v1/events/x: 404 Not Found: <the API's message>` */
function describeFailure(method: string, path: string, response: Response, body: unknown): string {
  const message =
    typeof body === 'object' && body !== null && 'message' in body
      ? [(body as { message: unknown }).message].flat().join('; ')
      : typeof body === 'string'
        ? body.slice(0, 200)
        : '';
  const status = `${response.status} ${response.statusText}`.trim();
  return `${method} /api/v1${path.split('?')[0]}: ${status}${message ? `: ${message}` : ''}`;
}
