/**
 * The AWS SDK prints a 9-line notice on Node 20 in every process that makes
 * a client: releases after January 2027 will need Node 22. The pinned
 * release keeps working, so the notice says nothing a user must act on
 * today (README, "Node versions"); a user who sets the variable keeps their
 * choice. Must run before the first SDK client is made.
 */
export function silenceSdkNodeVersionNotice(env: NodeJS.ProcessEnv): void {
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
