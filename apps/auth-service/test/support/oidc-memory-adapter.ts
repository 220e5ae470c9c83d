import type { Adapter, AdapterPayload } from 'oidc-provider';

/**
 * The provider's storage for one test process: one map per model, like oidc-provider's own
 * development adapter, minus its warning that it is not for production (this never is).
 */
export class OidcMemoryAdapter implements Adapter {
  private static readonly stores = new Map<string, Map<string, AdapterPayload>>();
  private readonly store: Map<string, AdapterPayload>;

  constructor(name: string) {
    const stores = OidcMemoryAdapter.stores;
    this.store = stores.get(name) ?? stores.set(name, new Map()).get(name)!;
  }

  async upsert(id: string, payload: AdapterPayload): Promise<void> {
    this.store.set(id, payload);
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return this.store.get(id);
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return [...this.store.values()].find((payload) => payload.uid === uid);
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return [...this.store.values()].find((payload) => payload.userCode === userCode);
  }

  async consume(id: string): Promise<void> {
    const payload = this.store.get(id);
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    this.store.delete(id);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    for (const [id, payload] of this.store) if (payload.grantId === grantId) this.store.delete(id);
  }
}
