import { stat } from 'node:fs/promises';
import path from 'node:path';
import { CredentialReport } from './credential-report.js';
import { parseInstant } from '../time/instant.js';
import type { AccountSlots } from './account-slots.js';
import { NotASnapshotFile, readSnapshotFile } from './read-snapshot-file.js';
import { ShapeError, checkPasswordPolicy, checkSummaryMap } from './shapes.js';
import { SNAPSHOT_FILES } from './snapshot-files.js';
import {
  ConnectorError,
  type AccountIdentity,
  type AccountSummaryMap,
  type AwsPasswordPolicy,
  type Connector,
  type CredentialReportSource,
} from './types.js';

export interface SnapshotConnectorOptions {
  id: string;
  name?: string;
  /** The snapshot folder (absolute, or relative to the working directory). */
  dir: string;
  /** How messages name the folder: relative to the config's folder, never a path of this machine. @default `dir` as given */
  label?: string;
  /** Bounds accounts reading at once, shared by the engine's connectors. */
  slots?: AccountSlots;
}


const ROOT_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):root$/;

/** An account read offline from a folder of AWS CLI output. */
export class SnapshotConnector implements Connector {
  readonly id: string;
  readonly provider = 'aws' as const;
  readonly dir: string;
  private readonly name?: string;
  private readonly reading = new Map<string, Promise<string | null>>();
  private readonly slots?: AccountSlots;
  private readonly label: string;

  constructor(options: SnapshotConnectorOptions) {
    this.id = options.id;
    this.name = options.name;
    this.dir = path.resolve(options.dir);
    this.label = options.label ?? options.dir;
    this.slots = options.slots;
  }

  /** The account id comes from the root row's ARN, the first data row of the report. */
  async identify(): Promise<AccountIdentity> {
    const file = this.file('credentialReport');
    const report = new CredentialReport(this.id, { csv: await this.read(file, 'required'), generatedAt: null, origin: this.shown(file) });
    const accountId = ROOT_ARN.exec(report.root()?.arn ?? '')?.[1] ?? report.fail(2, 'no <root_account> row with arn:aws:iam::<account-id>:root');
    const metadata = await this.metadata();
    return { accountId, name: this.name ?? metadata.accountAliases?.[0] ?? this.id };
  }

  async credentialReport(): Promise<CredentialReportSource> {
    const file = this.file('credentialReport');
    const csv = await this.read(file, 'required');
    const metadata = await this.metadata();
    return { csv, generatedAt: metadata.reportGeneratedAt ?? null, origin: this.shown(file) };
  }

  async accountSummary(): Promise<AccountSummaryMap> {
    const file = this.file('accountSummary');
    const json = this.parseJson(file, await this.read(file, 'required'));
    return this.shaped(file, 'AccountSummaryMalformed', 'aws iam get-account-summary', () => checkSummaryMap((json as { SummaryMap?: unknown } | null)?.SummaryMap));
  }

  async passwordPolicy(): Promise<AwsPasswordPolicy | null> {
    const file = this.file('passwordPolicy');
    const text = await this.read(file, 'optional');
    if (text === null) return null;
    const json = this.parseJson(file, text);
    return this.shaped(file, 'PasswordPolicyMalformed', 'aws iam get-account-password-policy', () => checkPasswordPolicy((json as { PasswordPolicy?: unknown } | null)?.PasswordPolicy));
  }

  /** A file's value through its shape check; a wrong field is an error naming the file, the field and the command that writes it. */
  private shaped<T>(file: string, code: string, command: string, check: () => T): T {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof ShapeError)) throw error;
      throw new ConnectorError(this.id, code, `${this.shown(file)}: ${error.message} (the file holds what \`${command}\` prints)`);
    }
  }

  private async metadata(): Promise<{ reportGeneratedAt?: Date; accountAliases?: string[] }> {
    const file = this.file('metadata');
    const text = await this.read(file, 'optional');
    if (text === null) return {};
    const json = this.parseJson(file, text) as { reportGeneratedAt?: unknown; accountAliases?: unknown };
    const generated = typeof json.reportGeneratedAt === 'string' ? new Date(parseInstant(json.reportGeneratedAt, { requireZone: true })) : undefined;
    if (json.reportGeneratedAt !== undefined && (!generated || Number.isNaN(generated.getTime()))) {
      throw new ConnectorError(this.id, 'SnapshotMalformed', `${this.shown(file)}: reportGeneratedAt: expected an ISO-8601 timestamp`);
    }
    const aliases = Array.isArray(json.accountAliases) ? json.accountAliases.filter((a): a is string => typeof a === 'string') : undefined;
    return { reportGeneratedAt: generated, accountAliases: aliases };
  }

  private file(kind: keyof typeof SNAPSHOT_FILES): string {
    return path.join(this.dir, SNAPSHOT_FILES[kind]);
  }

  /** A file of the folder as messages name it. */
  private shown(file: string): string {
    return path.join(this.label, path.relative(this.dir, file));
  }

  private read(file: string, need: 'required'): Promise<string>;
  private read(file: string, need: 'optional'): Promise<string | null>;
  private read(file: string, need: 'required' | 'optional'): Promise<string | null> {
    // Identity and report are loaded together and both need the CSV: concurrent reads share one.
    const key = `${need}:${file}`;
    let pending = this.reading.get(key);
    if (!pending) {
      pending = this.readNow(file, need).finally(() => this.reading.delete(key));
      this.reading.set(key, pending);
    }
    return pending;
  }

  private async readNow(file: string, need: 'required' | 'optional'): Promise<string | null> {
    try {
      return await (this.slots ? this.slots.run(this.id, () => readSnapshotFile(file)) : readSnapshotFile(file));
    } catch (error) {
      if (error instanceof NotASnapshotFile) throw new ConnectorError(this.id, 'SnapshotUnreadable', `${this.shown(file)}: ${error.message}`);
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new ConnectorError(this.id, 'SnapshotUnreadable', `${this.shown(file)}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
      }
      // An absent optional file is data ("no custom policy") only inside a folder that exists.
      const folderExists = await stat(this.dir).then((s) => s.isDirectory(), () => false);
      if (!folderExists) throw new ConnectorError(this.id, 'SnapshotMissing', `snapshot folder ${this.label} does not exist`);
      if (need === 'optional') return null;
      throw new ConnectorError(this.id, 'SnapshotFileMissing', `${this.shown(file)} is missing`);
    }
  }

  private parseJson(file: string, text: string): unknown {
    try {
      return JSON.parse(text);
    } catch (error) {
      // The parser's message quotes the text; a file may be anything (a link to a secret), so say where only.
      throw new ConnectorError(this.id, 'JsonMalformed', `${this.shown(file)}: not valid JSON${jsonErrorPlace(text, (error as Error).message)}`);
    }
  }
}

/** ` at line L column C` when the parser said where; empty text is named as such (a failed AWS CLI command writes nothing). */
function jsonErrorPlace(text: string, message: string): string {
  if (text.trim() === '') return ' (the file is empty: the command that writes it failed)';
  const position = /position (\d+)/.exec(message);
  if (!position) return '';
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  return ` at line ${line} column ${before.length - before.lastIndexOf('\n')}`;
}
