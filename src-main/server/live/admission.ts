import type { LiveConfig } from '../../../src-shared/config/schema';
import { HubError } from '../../errors';

export type Admitted = { ok: true; release: () => void } | { ok: false; error: HubError };

/**
 * How many live connections the hub holds open, per address and in all. A slot is taken at the
 * upgrade request, before any work is done for it, and given back once (by `release`) when its
 * socket closes, however the connection ends.
 */
export class LiveAdmission {
  private readonly byAddress = new Map<string, number>();
  private total = 0;

  constructor(private readonly limits: Pick<LiveConfig, 'maxPerAddress' | 'maxConnections'>) {}

  admit(address: string): Admitted {
    const open = this.byAddress.get(address) ?? 0;
    if (open >= this.limits.maxPerAddress) {
      return {
        ok: false,
        error: new HubError('TOO_MANY_CONNECTIONS', `This device already has ${open} live connections open, the most the hub allows one device. Close a screen and try again.`, {
          details: { limit: this.limits.maxPerAddress },
        }),
      };
    }
    if (this.total >= this.limits.maxConnections) {
      return {
        ok: false,
        error: new HubError('HUB_BUSY', `The hub has ${this.total} live connections open, the most it allows. Try again shortly.`, {
          details: { limit: this.limits.maxConnections },
        }),
      };
    }
    this.byAddress.set(address, open + 1);
    this.total += 1;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.total -= 1;
        const left = (this.byAddress.get(address) ?? 1) - 1;
        if (left > 0) this.byAddress.set(address, left);
        else this.byAddress.delete(address);
      },
    };
  }

  get open(): number {
    return this.total;
  }
}
