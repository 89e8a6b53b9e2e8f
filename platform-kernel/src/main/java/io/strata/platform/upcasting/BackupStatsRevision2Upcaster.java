package io.strata.platform.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.kernel.backup.BackupCompleted;
import io.strata.kernel.backup.BackupProgressed;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.stereotype.Component;

/**
 * Revision 2 of the events that carry backup statistics: the statistics count the files that could not be
 * read and those that changed while they were read, and {@link BackupCompleted} names the first of those
 * paths. Events stored before (no revision) knew of neither: they read as zero such files and no names.
 */
@Component
public class BackupStatsRevision2Upcaster extends SingleEventUpcaster {
    static final String REVISION = "2";
    private static final String COMPLETED = BackupCompleted.class.getName();
    private static final String PROGRESSED = BackupProgressed.class.getName();

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        String type = representation.getType().getName();
        return representation.getType().getRevision() == null && (COMPLETED.equals(type) || PROGRESSED.equals(type));
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        String type = representation.getType().getName();
        return representation.upcastPayload(new SimpleSerializedType(type, REVISION), JsonNode.class, payload -> {
            ObjectNode event = (ObjectNode) payload;
            if (COMPLETED.equals(type)) {
                countNoProblems(event.path("stats"));
                event.putArray("fileProblems");
            } else {
                countNoProblems(event.path("progress"));
            }
            return event;
        });
    }

    private static void countNoProblems(JsonNode stats) {
        if (stats instanceof ObjectNode object) {
            object.put("filesFailed", 0L);
            object.put("filesChangedDuringRead", 0L);
        }
    }
}
