package io.strata.platform.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.kernel.restore.RestoreCompleted;
import io.strata.kernel.restore.RestoreFailed;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Revision 3 of the events that carry restore statistics: the statistics count the entries left without some of their
 * extended attributes. Events stored at revision 2 (or brought to it by {@link RestoreStatsRevision2Upcaster}, which
 * runs first) did not count them: they read as zero.
 */
@Component
@Order(2) // after revision 2's
public class RestoreStatsRevision3Upcaster extends SingleEventUpcaster {
    static final String REVISION = "3";
    private static final String COMPLETED = RestoreCompleted.class.getName();
    private static final String FAILED = RestoreFailed.class.getName();

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        String type = representation.getType().getName();
        return RestoreStatsRevision2Upcaster.REVISION.equals(representation.getType().getRevision())
                && (COMPLETED.equals(type) || FAILED.equals(type));
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(new SimpleSerializedType(representation.getType().getName(), REVISION),
                JsonNode.class, payload -> {
                    if (payload.path("stats") instanceof ObjectNode stats) {
                        stats.put("xattrsNotApplied", 0L);
                    }
                    return payload;
                });
    }
}
