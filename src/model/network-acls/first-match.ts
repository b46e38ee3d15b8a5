import { cidrContains, parseCidr, type Cidr } from '../network-rules/cidr.js';
import { subtract, union, type PortSet } from '../network-rules/port-set.js';
import { isAllTraffic, portRange } from '../network-rules/ports.js';
import type { NetworkAclEntryValue } from './sources.js';

/** An entry as first-match evaluation sees it. */
interface Entry {
  readonly value: NetworkAclEntryValue;
  readonly protocol: 'all' | 'tcp' | 'udp' | 'other';
  readonly ports: PortSet;
  readonly source: Cidr | undefined;
}

const TCP = new Set(['6', 'tcp']);
const UDP = new Set(['17', 'udp']);

function entryOf(value: NetworkAclEntryValue): Entry {
  const protocol = isAllTraffic(value.Protocol) ? 'all' : TCP.has(value.Protocol.toLowerCase()) ? 'tcp' : UDP.has(value.Protocol.toLowerCase()) ? 'udp' : 'other';
  const { destFromPort, destToPort } = portRange(value.Protocol, value.PortRange?.From, value.PortRange?.To);
  const ports = destFromPort === null || destToPort === null ? [] : [{ fromPort: destFromPort, toPort: destToPort }];
  const cidr = value.CidrBlock ?? value.Ipv6CidrBlock;
  return { value, protocol, ports, source: cidr === undefined ? undefined : parseCidr(cidr) };
}

/** The ports of `protocol` that the earlier entries decide for every address of the entry's source. */
function decided(earlier: readonly Entry[], protocol: 'tcp' | 'udp'): PortSet {
  return earlier.filter((e) => e.protocol === 'all' || e.protocol === protocol).reduce<PortSet>((set, e) => union(set, e.ports), []);
}

/** An earlier entry decides all of a portless entry's traffic: all traffic, or the same protocol and ICMP type and code (or all of them). */
function decidesPortless(earlier: Entry, entry: Entry): boolean {
  if (earlier.protocol === 'all') return true;
  if (earlier.value.Protocol !== entry.value.Protocol) return false;
  const [a, b] = [earlier.value.IcmpTypeCode, entry.value.IcmpTypeCode];
  const covers = (outer: number | undefined, inner: number | undefined) => outer === undefined || outer === -1 || outer === inner;
  return covers(a?.Type, b?.Type) && covers(a?.Code, b?.Code);
}

/** Ports of one protocol (`6` TCP, `17` UDP) that an entry is the first match for. */
export interface EffectivePorts {
  readonly protocol: '6' | '17';
  readonly ports: PortSet;
}

/**
 * Network ACLs evaluate entries in rule-number order and the first that
 * matches a packet decides it. For each entry, of the traffic it names (its
 * protocol, from every address of its source):
 *
 * - `effectivePorts`: the TCP and UDP destination ports it is the first
 *   match for. An earlier entry (lower number, same direction) decides
 *   ports for it only when the earlier entry's source contains the entry's
 *   whole source and its protocol covers the port's (the same, or all
 *   traffic). An all-traffic entry has TCP and UDP ports; protocols without
 *   ports have none.
 * - `effective`: the entry decides some traffic at all (it is not shadowed):
 *   some effective port, or, without ports, no earlier entry decides its
 *   protocol (and ICMP type and code) for its whole source. An all-traffic
 *   entry is shadowed only by an earlier all-traffic entry.
 *
 * An earlier entry whose source only overlaps (10.0.0.0/8 before
 * 0.0.0.0/0) decides nothing for the later one: the rest of the internet
 * still reaches it. A source that is not a CIDR block never contains one.
 */
export function firstMatch(entries: readonly NetworkAclEntryValue[]): Map<NetworkAclEntryValue, { effective: boolean; effectivePorts: EffectivePorts[] }> {
  const all = entries.map(entryOf);
  const out = new Map<NetworkAclEntryValue, { effective: boolean; effectivePorts: EffectivePorts[] }>();
  const left = (entry: Entry, earlier: readonly Entry[], protocol: 'tcp' | 'udp'): EffectivePorts[] => {
    const ports = subtract(entry.ports, decided(earlier, protocol));
    return ports.length > 0 ? [{ protocol: protocol === 'tcp' ? '6' : '17', ports }] : [];
  };
  for (const entry of all) {
    const earlier = all.filter((e) => e.value.Egress === entry.value.Egress && e.value.RuleNumber < entry.value.RuleNumber && e.source && entry.source && cidrContains(e.source, entry.source));
    if (entry.protocol === 'tcp' || entry.protocol === 'udp') {
      const effectivePorts = left(entry, earlier, entry.protocol);
      out.set(entry.value, { effective: effectivePorts.length > 0, effectivePorts });
    } else if (entry.protocol === 'all') {
      out.set(entry.value, { effective: !earlier.some((e) => e.protocol === 'all'), effectivePorts: [...left(entry, earlier, 'tcp'), ...left(entry, earlier, 'udp')] });
    } else {
      out.set(entry.value, { effective: !earlier.some((e) => decidesPortless(e, entry)), effectivePorts: [] });
    }
  }
  return out;
}
