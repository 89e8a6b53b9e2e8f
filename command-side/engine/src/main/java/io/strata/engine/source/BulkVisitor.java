package io.strata.engine.source;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;

/**
 * Receives the files of one {@link Source#readMany} call, on the calling thread, in the order
 * asked. Every path gets exactly one {@link #file} or {@link #failed}, unless {@code readMany}
 * throws, which leaves the paths not yet handed over unread.
 */
public interface BulkVisitor {

    /**
     * The next file's content from its start. The visitor may stop early; the rest is skipped. An
     * {@link IOException} from the channel means the stream broke: the visitor lets it through and
     * {@code readMany} ends with it.
     *
     * @param stamp size and mtime as the reader saw them when it began reading, or null when it
     *        cannot tell (the caller then stats the file after reading, as after {@link Source#open}).
     *        With a stamp, a change the reader notices later is reported by {@link #changedWhileRead}.
     */
    void file(String path, ReadStamp stamp, ReadableByteChannel content) throws IOException;

    /**
     * A file that could not be read; the others go on. {@link java.nio.file.NoSuchFileException}
     * when it vanished, {@link java.nio.file.AccessDeniedException} when refused.
     */
    void failed(String path, IOException cause);

    /** Learned after the file's content was handed over (before {@code readMany} returns): it changed while read. */
    void changedWhileRead(String path);
}
