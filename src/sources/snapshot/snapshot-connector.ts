import { statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { csvParseRows } from 'd3-dsv';
import { parseInstant } from '../../time/instant.js';
import type { AccountSlots } from '../account-slots.js';
import { cliTimestamp } from '../canonical.js';
import { ConnectorError, type AccountIdentity, type Connector, type SourceRead } from '../connector.js';
import { regionFolder, snapshotPath } from '../layout.js';
import { cliCommand, notConfigured, storedError, type SourceAt, type SourceSpec } from '../source.js';
import { NotASnapshotFile, readSnapshotFile, readSnapshotFileSync } from './read-snapshot-file.js';
import { SNAPSHOT_METADATA_FILE, STS_IDENTITY_FILE, type SnapshotMetadata } from './snapshot-files.js';

export interface SnapshotConnectorOptions {
  id: string;
  name?: string;
  /** The snapshot folder (absolute, or relative to the working directory). */
  dir: string;
  /** How messages name the folder: relative to the config's folder, never a path of this machine. @default `dir` as given */
  label?: string;
  /** The regions the config names; absent: every region the snapshot's account has enabled. */
  regions?: readonly string[];
  /** Bounds accounts reading at once, shared by the engine's connectors. */
  slots?: AccountSlots;
  /**
   * Read files synchronously: several times faster for many small files, but
   * the event loop waits on each read. For one-shot runs, never a server. @default false
   */
  blockingReads?: boolean;
}

const ROOT_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):root$/;
const ACCOUNT_ID = /^\d{12}$/;

/**
 * An account read offline from a folder of AWS CLI output, laid out by the
 * rule in layout.ts. A missing file or region folder for something asked
 * for is "not collected", an empty file a failed command, a recorded error
 * that does not mean "not configured" a failed call: each is the account's
 * ERROR, with what to run. Only "not configured" answers are data.
 */
export class SnapshotConnector implements Connector {
  readonly id: string;
  readonly provider = 'aws' as const;
  readonly dir: string;
  readonly regions?: readonly string[];
  private readonly name?: string;
  private readonly label: string;
  private readonly slots?: AccountSlots;
  private readonly reading = new Map<string, Promise<string | null>>();
  private readonly folders = new Map<string, Promise<boolean>>();
  private readonly blockingReads: boolean;
  /** With blocking reads (a one-shot run): snapshot.json once, though identity and the report's time both ask. */
  private metadataOnce?: Promise<SnapshotMetadata>;

  constructor(options: SnapshotConnectorOptions) {
    this.id = options.id;
    this.name = options.name;
    this.dir = path.resolve(options.dir);
    this.label = options.label ?? options.dir;
    this.regions = options.regions;
    this.slots = options.slots;
    this.blockingReads = options.blockingReads ?? false;
  }

  /**
   * The account id from `snapshot.json` (written by `assetql snapshot`), else
   * `sts/get-caller-identity.json`, else the root row of the credential
   * report: no family needs another family's file to know its account.
   */
  async identify(): Promise<AccountIdentity> {
    const metadata = await this.metadata();
    const accountId = metadata.accountId ?? (await this.callerAccount()) ?? (await this.reportAccount());
    return { accountId, name: this.name ?? metadata.accountAliases?.[0] ?? this.id };
  }

  async read(source: SourceSpec, at: SourceAt): Promise<SourceRead> {
    const relative = snapshotPath(source, at);
    const origin = this.shown(relative);
    if (at.region && !(await this.hasFolder(regionFolder(at.region)))) {
      await this.assertFolder();
      throw new ConnectorError(this.id, 'SnapshotRegionMissing', `${this.shown(regionFolder(at.region))}/ is missing: region ${at.region} was not collected (run assetql snapshot with the region in scope, or ${cliCommand(source, at)} > ${origin})`);
    }
    const text = await this.readFile(relative);
    if (text === null) {
      if (source.absentMeans) return { value: notConfigured(source.absentMeans, `no ${relative}: the account has none`), origin };
      throw new ConnectorError(this.id, 'SnapshotFileMissing', `${origin} is missing: not collected (write it with ${cliCommand(source, at)} > ${origin}, or assetql snapshot)`);
    }
    if (text.trim() === '') {
      throw new ConnectorError(this.id, 'SnapshotFileEmpty', `${origin} is empty: the command that writes it failed (run ${cliCommand(source, at)} and see its error)`);
    }
    const value = source.text ? { Content: text, ...(await this.reportTime()) } : this.parseJson(origin, text);
    const recorded = storedError(value);
    if (recorded && !(source.notConfigured ?? []).includes(recorded.Code)) {
      throw new ConnectorError(this.id, recorded.Code, `${origin}: the snapshot recorded a failed call: ${recorded.Code}: ${recorded.Message || 'no message'}`);
    }
    return { value, origin };
  }

  private metadata(): Promise<SnapshotMetadata> {
    if (!this.blockingReads) return this.readMetadata();
    this.metadataOnce ??= this.readMetadata();
    return this.metadataOnce;
  }

  private async readMetadata(): Promise<SnapshotMetadata> {
    const text = await this.readFile(SNAPSHOT_METADATA_FILE);
    if (text === null) return {};
    const origin = this.shown(SNAPSHOT_METADATA_FILE);
    const json = this.parseJson(origin, text) as Record<string, unknown>;
    const malformed = (field: string, expected: string): never => {
      throw new ConnectorError(this.id, 'SnapshotMalformed', `${origin}: ${field}: expected ${expected}`);
    };
    const metadata: SnapshotMetadata = {};
    if (json.accountId !== undefined) metadata.accountId = typeof json.accountId === 'string' && ACCOUNT_ID.test(json.accountId) ? json.accountId : malformed('accountId', 'a 12-digit account id');
    if (json.reportGeneratedAt !== undefined) {
      const ms = typeof json.reportGeneratedAt === 'string' ? parseInstant(json.reportGeneratedAt, { requireZone: true }) : NaN;
      metadata.reportGeneratedAt = Number.isNaN(ms) ? malformed('reportGeneratedAt', 'an ISO-8601 timestamp') : (json.reportGeneratedAt as string);
    }
    if (Array.isArray(json.accountAliases)) metadata.accountAliases = json.accountAliases.filter((alias): alias is string => typeof alias === 'string');
    return metadata;
  }

  private async reportTime(): Promise<{ GeneratedTime?: string }> {
    const { reportGeneratedAt } = await this.metadata();
    // In the AWS CLI's form, as the live path gives it, whichever ISO-8601 form snapshot.json holds.
    return reportGeneratedAt === undefined ? {} : { GeneratedTime: cliTimestamp(new Date(parseInstant(reportGeneratedAt))) };
  }

  private async callerAccount(): Promise<string | undefined> {
    const text = await this.readFile(STS_IDENTITY_FILE);
    if (text === null) return undefined;
    const origin = this.shown(STS_IDENTITY_FILE);
    const account = (this.parseJson(origin, text) as { Account?: unknown } | null)?.Account;
    if (typeof account === 'string' && ACCOUNT_ID.test(account)) return account;
    throw new ConnectorError(this.id, 'SnapshotMalformed', `${origin}: Account: expected a 12-digit account id`);
  }

  /** Folders older than snapshot.json's accountId: the root row's ARN (the first data row), read without parsing the rest. */
  private async reportAccount(): Promise<string> {
    const relative = 'credential-report.csv';
    const text = await this.readFile(relative);
    if (text === null) {
      await this.assertFolder();
      throw new ConnectorError(this.id, 'SnapshotIdentityMissing', `${this.label} has no snapshot.json, ${STS_IDENTITY_FILE} or credential-report.csv to tell its account id (run aws sts get-caller-identity > ${this.shown(STS_IDENTITY_FILE)})`);
    }
    const shown = this.shown(relative);
    if (text.trim() === '') throw new ConnectorError(this.id, 'SnapshotFileEmpty', `${shown} is empty: the command that writes it failed`);
    const rows = csvParseRows(text.replace(/^\ufeff/, '').split('\n', 2).join('\n'));
    const header = (rows[0] ?? []).map((cell) => cell.trim());
    const [userColumn, arnColumn] = [header.indexOf('user'), header.indexOf('arn')];
    if (userColumn === -1 || arnColumn === -1) {
      throw new ConnectorError(this.id, 'CredentialReportMalformed', `${shown} line 1: header lacks ${[userColumn === -1 ? 'user' : '', arnColumn === -1 ? 'arn' : ''].filter(Boolean).join(', ')} (a credential report starts with user,arn,user_creation_time,...)`);
    }
    const accountId = rows[1]?.[userColumn] === '<root_account>' ? ROOT_ARN.exec(rows[1]?.[arnColumn] ?? '')?.[1] : undefined;
    if (accountId) return accountId;
    throw new ConnectorError(this.id, 'CredentialReportMalformed', `${shown} line 2: no <root_account> row with arn:aws:iam::<account-id>:root`);
  }

  /** A file of the folder as messages name it. */
  private shown(relative: string): string {
    return path.join(this.label, relative);
  }

  private readFile(relative: string): Promise<string | null> {
    // Identity and the report may both read the CSV: concurrent reads share one.
    let pending = this.reading.get(relative);
    if (!pending) {
      pending = this.readNow(relative).finally(() => this.reading.delete(relative));
      this.reading.set(relative, pending);
    }
    return pending;
  }

  private async readNow(relative: string): Promise<string | null> {
    const file = path.join(this.dir, relative);
    try {
      if (this.blockingReads) return readSnapshotFileSync(file);
      return await (this.slots ? this.slots.run(this.id, () => readSnapshotFile(file)) : readSnapshotFile(file));
    } catch (error) {
      if (error instanceof NotASnapshotFile) throw new ConnectorError(this.id, 'SnapshotUnreadable', `${this.shown(relative)}: ${error.message}`);
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new ConnectorError(this.id, 'SnapshotUnreadable', `${this.shown(relative)}: ${code ?? 'unreadable'}`);
      await this.assertFolder();
      return null;
    }
  }

  private hasFolder(relative: string): Promise<boolean> {
    let known = this.folders.get(relative);
    if (!known) {
      const folder = path.join(this.dir, relative);
      known = this.blockingReads ? Promise.resolve(isFolderSync(folder)) : stat(folder).then((s) => s.isDirectory(), () => false);
      this.folders.set(relative, known);
    }
    return known;
  }

  /** An absent file is "not collected" (or "not configured") only inside a folder that exists. */
  private async assertFolder(): Promise<void> {
    if (!(await this.hasFolder('.'))) throw new ConnectorError(this.id, 'SnapshotMissing', `snapshot folder ${this.label} does not exist`);
  }

  private parseJson(origin: string, text: string): unknown {
    try {
      return JSON.parse(text);
    } catch (error) {
      // The parser's message quotes the text; a file may be anything (a link to a secret), so say where only.
      throw new ConnectorError(this.id, 'JsonMalformed', `${origin}: not valid JSON${jsonErrorPlace(text, (error as Error).message)}`);
    }
  }
}

function isFolderSync(folder: string): boolean {
  return statSync(folder, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

/** ` at line L column C` when the parser said where. */
function jsonErrorPlace(text: string, message: string): string {
  const position = /position (\d+)/.exec(message);
  if (!position) return '';
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  return ` at line ${line} column ${before.length - before.lastIndexOf('\n')}`;
}
