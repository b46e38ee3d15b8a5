/** Sets of ports as sorted, disjoint, inclusive ranges. */
export type PortSet = readonly { readonly fromPort: number; readonly toPort: number }[];

export function union(a: PortSet, b: PortSet): PortSet {
  const all = [...a, ...b].sort((x, y) => x.fromPort - y.fromPort);
  const out: { fromPort: number; toPort: number }[] = [];
  for (const range of all) {
    const last = out.at(-1);
    if (last && range.fromPort <= last.toPort + 1) last.toPort = Math.max(last.toPort, range.toPort);
    else out.push({ ...range });
  }
  return out;
}

export function subtract(a: PortSet, b: PortSet): PortSet {
  let rest: PortSet = union(a, []);
  for (const cut of b) {
    rest = rest.flatMap((range) => {
      if (cut.toPort < range.fromPort || cut.fromPort > range.toPort) return [range];
      const pieces: { fromPort: number; toPort: number }[] = [];
      if (cut.fromPort > range.fromPort) pieces.push({ fromPort: range.fromPort, toPort: cut.fromPort - 1 });
      if (cut.toPort < range.toPort) pieces.push({ fromPort: cut.toPort + 1, toPort: range.toPort });
      return pieces;
    });
  }
  return rest;
}
