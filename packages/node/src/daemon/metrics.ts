/** Failure kinds counted in `failures_total{kind}` (the retry classifier's kinds). */
export type FailureKind = string;

/**
 * The daemon's counters and gauges, rendered in the Prometheus text format.
 *
 * @example
 * metrics.unitsRendered += 4;
 * res.end(metrics.render());
 */
export class DaemonMetrics {
  unitsRendered = 0;
  renderSeconds = 0;
  earningsWei = 0n;
  claimsActive = 0;
  verdictsSent = 0;
  readonly failures = new Map<FailureKind, number>();

  /** Counts one failure of `kind`. */
  fail(kind: FailureKind): void {
    this.failures.set(kind, (this.failures.get(kind) ?? 0) + 1);
  }

  /** Prometheus exposition text (version 0.0.4). */
  render(): string {
    const lines: string[] = [];
    const metric = (name: string, type: string, help: string, samples: string[]) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples);
    };
    metric('units_rendered_total', 'counter', 'Units (frames) rendered by this node.', [
      `units_rendered_total ${this.unitsRendered}`,
    ]);
    metric('render_seconds_total', 'counter', 'Wall seconds spent in Blender renders.', [
      `render_seconds_total ${this.renderSeconds.toFixed(3)}`,
    ]);
    metric('earnings_wei_total', 'counter', 'GLT (wei) paid to this node (ClaimPaid).', [
      `earnings_wei_total ${this.earningsWei.toString()}`,
    ]);
    metric('verdicts_sent_total', 'counter', 'Spot-check verdicts posted by this node.', [
      `verdicts_sent_total ${this.verdictsSent}`,
    ]);
    const failures = [...this.failures.entries()].sort(([a], [b]) => a.localeCompare(b));
    metric(
      'failures_total',
      'counter',
      'Failed operations by kind (rpc, timeout, revert, render, storage, data, ...).',
      failures.length === 0
        ? ['failures_total{kind="none"} 0']
        : failures.map(([kind, n]) => `failures_total{kind="${kind.replace(/"/g, '')}"} ${n}`),
    );
    metric('claims_active', 'gauge', 'Claims claimed and not yet revealed or closed.', [
      `claims_active ${this.claimsActive}`,
    ]);
    return `${lines.join('\n')}\n`;
  }
}
