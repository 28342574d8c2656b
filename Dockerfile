# Build stage: the shaded jar.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY sql sql
COPY verticles.conf .
RUN mvn -B -q package -DskipTests

# Runtime stage: a JRE, the jar, the deployment descriptor; runs as an unprivileged user.
FROM eclipse-temurin:17-jre
RUN useradd --system --home /var/lib/roi-ml roi && mkdir -p /var/lib/roi-ml /app && chown roi /var/lib/roi-ml
WORKDIR /app
COPY --from=build /src/target/roi-ml.jar /app/roi-ml.jar
COPY verticles.conf /app/verticles.conf
USER roi
# HTTP_HOST: the service binds 127.0.0.1 by default; in a container it must listen on every interface to be
# reachable through a published port (which interface of the host that is, is the publisher's choice).
ENV DATA_DIR=/var/lib/roi-ml HTTP_HOST=0.0.0.0 JAVA_OPTS="-XX:MaxRAMPercentage=75 -Droi.logDir=/var/lib/roi-ml/logs"
EXPOSE 8000
# The SIMD TreeSHAP evaluator needs the Vector API module; a JRE image built without it still runs (scalar).
ENTRYPOINT ["sh", "-c", "if java --list-modules 2>/dev/null | grep -q '^jdk.incubator.vector@'; then SIMD='--add-modules jdk.incubator.vector'; fi; exec java $JAVA_OPTS $SIMD -jar /app/roi-ml.jar \"$@\"", "--"]
CMD ["serve"]
