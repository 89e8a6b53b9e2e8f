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
 * Revision 2 of the events that carry restore statistics: the statistics count the entries restored with the
 * login's user as owner because the server refused to change it. Events stored before (no revision) did not
 * count them: they read as zero.
 */
@Component
@Order(1) // before revision 3's
public class RestoreStatsRevision2Upcaster extends SingleEventUpcaster {
    static final String REVISION = "2";
    private static final String COMPLETED = RestoreCompleted.class.getName();
    private static final String FAILED = RestoreFailed.class.getName();

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        String type = representation.getType().getName();
        return representation.getType().getRevision() == null && (COMPLETED.equals(type) || FAILED.equals(type));
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(new SimpleSerializedType(representation.getType().getName(), REVISION),
                JsonNode.class, payload -> {
                    if (payload.path("stats") instanceof ObjectNode stats) {
                        stats.put("ownersNotApplied", 0L);
                    }
                    return payload;
                });
    }
}
