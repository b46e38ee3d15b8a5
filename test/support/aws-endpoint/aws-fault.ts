/** An AWS error answer; `awsMessage` undefined leaves the message out, as IAM does for report errors. */
export class AwsFault extends Error {
  constructor(readonly code: string, readonly status: number, readonly awsMessage?: string) {
    super(awsMessage ?? code);
  }
}
