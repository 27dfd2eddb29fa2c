package com.mallquest.mall.application.port;

import java.time.Instant;

/**
 * A position in a newest-first listing: rows strictly before {@code (createdAt, id)} in descending
 * order come next. The web layer encodes it as an opaque string.
 *
 * @param createdAt the creation time of the last row seen
 * @param id the id of the last row seen (breaks ties between equal times)
 */
public record PageCursor(Instant createdAt, String id) {}
