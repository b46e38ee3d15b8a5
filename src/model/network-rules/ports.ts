/** Every port, as the `-1` (all traffic) protocol admits it. */
export const ALL_PORTS = { from: 0, to: 65535 } as const;

/** Protocols that carry ports: TCP and UDP, by name (security groups) or number (network ACLs). */
const PORT_PROTOCOLS = new Set(['tcp', 'udp', '6', '17']);

/** `-1` (or `all`): every protocol, hence every port. */
export const isAllTraffic = (protocol: string) => protocol === '-1' || protocol.toLowerCase() === 'all';

/**
 * The destination port range a rule admits, so port filters ask one thing:
 * every port for an all-traffic rule (so `destFromPort_LTE: 22,
 * destToPort_GTE: 22` matches it), the range given for TCP and UDP, and no
 * ports (null) for protocols without ports (ICMP, ESP, ...), which no port
 * filter matches.
 */
export function portRange(protocol: string, from: number | undefined, to: number | undefined): { destFromPort: number | null; destToPort: number | null } {
  if (isAllTraffic(protocol)) return { destFromPort: ALL_PORTS.from, destToPort: ALL_PORTS.to };
  if (!PORT_PROTOCOLS.has(protocol.toLowerCase())) return { destFromPort: null, destToPort: null };
  // TCP or UDP without a range (a NACL entry written without PortRange) is every port.
  return { destFromPort: from ?? ALL_PORTS.from, destToPort: to ?? ALL_PORTS.to };
}
