package io.strata.query;

import java.util.List;
import java.util.stream.Stream;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.deadletter.jpa.DeadLetterEventEntry;
import org.axonframework.eventhandling.deadletter.jpa.DeadLetterJpaConverter;
import org.axonframework.eventhandling.deadletter.jpa.EventMessageDeadLetterJpaConverter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.InitialEventRepresentation;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;

/**
 * Reads parked events (dead letters) through the same upcasters as the event store: an event parked before
 * its class moved to a new revision is upcast before it is deserialized, so it can still be retried. Storing
 * and everything else is Axon's own converter's.
 */
final class UpcastingDeadLetterConverter implements DeadLetterJpaConverter<EventMessage<?>> {
    private final EventMessageDeadLetterJpaConverter delegate = new EventMessageDeadLetterJpaConverter();
    private final EventUpcaster upcasters;

    UpcastingDeadLetterConverter(EventUpcaster upcasters) {
        this.upcasters = upcasters;
    }

    @Override
    public DeadLetterEventEntry convert(EventMessage<?> message, Serializer eventSerializer, Serializer genericSerializer) {
        return delegate.convert(message, eventSerializer, genericSerializer);
    }

    @Override
    public EventMessage<?> convert(DeadLetterEventEntry entry, Serializer eventSerializer, Serializer genericSerializer) {
        return delegate.convert(upcast(entry, eventSerializer), eventSerializer, genericSerializer);
    }

    /** The entry with its payload in the current revision; the entry itself when no upcaster applies. */
    private DeadLetterEventEntry upcast(DeadLetterEventEntry entry, Serializer eventSerializer) {
        SimpleSerializedObject<byte[]> payload = entry.getPayload();
        var stored = new GenericDomainEventEntry<>(entry.getType(), entry.getAggregateIdentifier(),
                entry.getSequenceNumber() == null ? 0 : entry.getSequenceNumber(), entry.getEventIdentifier(),
                entry.getTimeStamp(), payload.getType().getName(), payload.getType().getRevision(), payload.getData(),
                entry.getMetaData().getData());
        List<IntermediateEventRepresentation> upcast = upcasters
                .upcast(Stream.of(new InitialEventRepresentation(stored, eventSerializer))).toList();
        if (upcast.size() != 1 || upcast.getFirst().getType().equals(payload.getType())) {
            return entry; // unchanged (or split or dropped, which a dead letter cannot be: Axon's converter decides)
        }
        IntermediateEventRepresentation current = upcast.getFirst();
        SerializedObject<byte[]> data = current.getData(byte[].class);
        SimpleSerializedObject<byte[]> token = entry.getTrackingToken();
        return new DeadLetterEventEntry(entry.getMessageType(), entry.getEventIdentifier(), entry.getTimeStamp(),
                current.getType().getName(), current.getType().getRevision(), data.getData(),
                entry.getMetaData().getData(), entry.getType(), entry.getAggregateIdentifier(), entry.getSequenceNumber(),
                token == null ? null : token.getType().getName(), token == null ? null : token.getData());
    }

    @Override
    public boolean canConvert(DeadLetterEventEntry entry) {
        return delegate.canConvert(entry);
    }

    @Override
    public boolean canConvert(EventMessage<?> message) {
        return delegate.canConvert(message);
    }
}
