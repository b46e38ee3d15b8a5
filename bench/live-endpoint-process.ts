/**
 * Child-process entry: `node live-endpoint-process.js <spec JSON>` serves
 * part 3's Organization (bench/live-organization.ts) and answers its
 * parent's requests (reset, calls, cpu) over IPC until it is killed.
 */
import { startOrganization, type OrganizationSpec, type Reply, type Request } from './live-organization.js';

const spec = JSON.parse(process.argv[2] ?? 'null') as OrganizationSpec | null;
if (!spec || !process.send) throw new Error('usage: forked by bench/live-organization.ts with <spec JSON>');
const send = (reply: Reply) => process.send!(reply);
const organization = await startOrganization(spec);

process.on('message', (request: Request) => {
  const answer =
    request.type === 'reset' ? organization.reset().then(() => ({}))
    : request.type === 'calls' ? organization.calls().then((calls) => ({ calls }))
    : organization.cpuMs().then((cpuMs) => ({ cpuMs }));
  answer.then((reply) => send({ id: request.id, ...reply }));
});
// A parent that is gone (killed, crashed) takes its endpoint with it.
process.once('disconnect', () => process.exit(0));
send({ id: -1, url: organization.url });
