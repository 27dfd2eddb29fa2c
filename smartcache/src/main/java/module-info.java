/**
 * SmartCache: a three-tier cache (Caffeine memory, Redis through Lettuce, the application's source
 * of record). Only {@code com.mallquest.smartcache} is exported; {@code
 * com.mallquest.smartcache.internal} is not API. Lettuce and Micrometer are automatic modules (no
 * module descriptor of their own).
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module com.mallquest.smartcache {
  requires transitive com.github.benmanes.caffeine;
  requires transitive micrometer.core;
  requires transitive tools.jackson.databind;
  requires lettuce.core;
  requires io.netty.common;
  requires org.slf4j;

  exports com.mallquest.smartcache;
}
