# MallQuest service image. Build: docker build -t mallquest .   (see docs/DEPLOYMENT.md)
# Stage 1 builds the jar with the Maven wrapper; stage 2 runs it from Spring Boot's layers, so an
# image rebuilt after a code change reuses the (large, rarely changing) dependency layers.

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY smartcache/pom.xml smartcache/
COPY mall/pom.xml mall/
RUN ./mvnw -B -q dependency:go-offline -DexcludeReactor=true || true
COPY smartcache/src smartcache/src
COPY mall/src mall/src
RUN ./mvnw -B -q package -DskipTests \
 && java -Djarmode=tools -jar mall/target/mallquest.jar extract --layers --launcher --destination /layers

FROM eclipse-temurin:17-jre
# curl for the HEALTHCHECK only.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system mallquest && useradd --system --gid mallquest --home-dir /app --shell /usr/sbin/nologin mallquest
WORKDIR /app
# One layer per Boot layer, least to most often changed.
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
RUN mkdir -p /app/data && chown mallquest:mallquest /app/data
USER mallquest

# Heap as a share of the container's memory limit (not of the host's), exit on OOM so the
# orchestrator restarts the container, and no JVM-wide DNS caching beyond 30 s.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Dnetworkaddress.cache.ttl=30" \
    SERVER_PORT=8080
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/actuator/health/liveness || exit 1
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
