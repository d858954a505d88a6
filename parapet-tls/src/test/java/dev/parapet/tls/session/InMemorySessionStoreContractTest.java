package dev.parapet.tls.session;

/** The in-memory store keeps the {@link SessionStoreContract}; within one process, a sibling is the store itself. */
class InMemorySessionStoreContractTest extends SessionStoreContract {
    @Override
    protected SessionStore newStore() {
        return SessionStore.inMemory();
    }

    @Override
    protected SessionStore sibling(SessionStore store) {
        return store;
    }
}
