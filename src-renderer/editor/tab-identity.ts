// This window/tab's identity for its recovery copy: an id kept in sessionStorage (a reload keeps it, a
// new tab gets its own), held as a Web Lock while the tab is open so other tabs can tell which copies
// belong to tabs still open. A duplicated tab (same sessionStorage) finds the lock taken and takes a new id.
const KEY = 'gradscope.tab';
const LOCK = 'gradscope-tab:';

function newId(): string {
  const c = globalThis.crypto;
  return c?.randomUUID ? c.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

function session(): Storage | null {
  try {
    return typeof sessionStorage !== 'undefined' ? sessionStorage : null;
  } catch {
    return null;
  }
}

/** Hold this tab's lock for the page's lifetime; resolves to false when another tab holds it. */
function hold(id: string): Promise<boolean> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return Promise.resolve(true);
  return new Promise((granted) => {
    void locks.request(LOCK + id, { ifAvailable: true }, (lock) => {
      granted(lock !== null);
      // keep the lock until the page goes away
      return lock === null ? undefined : new Promise<void>(() => undefined);
    });
  });
}

/** This tab's id (held as a lock) and the ids of the other tabs that are open now. */
export async function tabIdentity(): Promise<{ tab: string; liveTabs: string[] }> {
  const store = session();
  let id = store?.getItem(KEY) ?? null;
  if (!id || !/^[A-Za-z0-9-]{1,64}$/.test(id) || !(await hold(id))) {
    id = newId();
    await hold(id);
  }
  store?.setItem(KEY, id);
  let liveTabs: string[] = [];
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (locks) {
    const q = await locks.query();
    liveTabs = (q.held ?? [])
      .map((l) => l.name ?? '')
      .filter((n) => n.startsWith(LOCK))
      .map((n) => n.slice(LOCK.length))
      .filter((t) => t !== id);
  }
  return { tab: id, liveTabs };
}
