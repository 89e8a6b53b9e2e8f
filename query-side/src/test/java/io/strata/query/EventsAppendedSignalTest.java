package io.strata.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.StreamableMessageSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Streams of the signalling source take a callback, which runs when events are appended and not after close. */
class EventsAppendedSignalTest {
    private final EmbeddedEventStore store = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine()).build();
    private final EventsAppendedSignal signal = new EventsAppendedSignal();

    @AfterEach
    void tearDown() {
        signal.close();
        store.shutDown();
    }

    @Test
    void anAppendedEventRunsTheCallbackOfEveryOpenStreamAndTheStreamsHaveIt() throws Exception {
        StreamableMessageSource<TrackedEventMessage<?>> source = signal.source(store);
        Semaphore woken = new Semaphore(0);
        try (BlockingStream<TrackedEventMessage<?>> first = source.openStream(null);
                BlockingStream<TrackedEventMessage<?>> second = source.openStream(null)) {
            assertThat(first.setOnAvailableCallback(woken::release)).isTrue();
            assertThat(second.setOnAvailableCallback(woken::release)).isTrue();
            assertThat(first.hasNextAvailable()).isFalse();

            store.publish(GenericEventMessage.asEventMessage("appended"));

            assertThat(woken.tryAcquire(2, 10, TimeUnit.SECONDS)).as("both callbacks ran").isTrue();
            assertThat(first.hasNextAvailable()).isTrue();
            assertThat(first.nextAvailable().getPayload()).isEqualTo("appended");
            assertThat(second.nextAvailable().getPayload()).isEqualTo("appended");
        }
        woken.drainPermits();
        store.publish(GenericEventMessage.asEventMessage("after close"));
        assertThat(woken.tryAcquire(1, 2, TimeUnit.SECONDS)).as("a closed stream's callback is withdrawn").isFalse();
    }

    @Test
    void aStreamThatIsGivenANewCallbackDropsTheOldOne() throws Exception {
        Semaphore old = new Semaphore(0);
        Semaphore current = new Semaphore(0);
        try (BlockingStream<TrackedEventMessage<?>> stream = signal.source(store).openStream(null)) {
            stream.setOnAvailableCallback(old::release);
            stream.setOnAvailableCallback(current::release);
            store.publish(GenericEventMessage.asEventMessage("appended"));
            assertThat(current.tryAcquire(1, 10, TimeUnit.SECONDS)).isTrue();
            assertThat(old.availablePermits()).isZero();
        }
    }
}
