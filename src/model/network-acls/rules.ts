import { portRange } from '../network-rules/ports.js';
import { firstMatch } from './first-match.js';
import type { NetworkAclEntryValue } from './sources.js';

/** The entries of one ACL as rules, in rule-number order (inbound first), with what first-match evaluation leaves to each. */
export function rulesOf(entries: readonly NetworkAclEntryValue[]) {
  const decided = firstMatch(entries);
  return [...entries]
    .sort((a, b) => Number(a.Egress) - Number(b.Egress) || a.RuleNumber - b.RuleNumber)
    .map((entry) => {
      const cidr = entry.CidrBlock ?? entry.Ipv6CidrBlock;
      const { effective, effectivePorts } = decided.get(entry)!;
      return {
        ruleNumber: entry.RuleNumber,
        direction: entry.Egress ? 'Outbound' : 'Inbound',
        action: entry.RuleAction === 'allow' ? 'Allow' : 'Deny',
        protocol: entry.Protocol,
        ...portRange(entry.Protocol, entry.PortRange?.From, entry.PortRange?.To),
        sources: cidr === undefined ? [] : [`cidr:${cidr}`],
        effective,
        effectivePorts: effectivePorts.flatMap(({ protocol, ports }) => ports.map((range) => ({ protocol, fromPort: range.fromPort, toPort: range.toPort }))),
      };
    });
}

export const NACL_RULE_FIELDS = ['ruleNumber', 'direction', 'action', 'protocol', 'destFromPort', 'destToPort', 'sources', 'effective', 'effectivePorts'] as const;
