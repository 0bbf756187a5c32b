package dev.vigil.it.otlp;

/** The two OTLP transports, named as OTEL_EXPORTER_OTLP_PROTOCOL names them. */
public enum OtlpProtocol {
    HTTP_PROTOBUF("http/protobuf"),
    GRPC("grpc");

    /** The value of OTEL_EXPORTER_OTLP_PROTOCOL / otel.exporter.otlp.protocol. */
    public final String otelName;

    OtlpProtocol(String otelName) {
        this.otelName = otelName;
    }

    /** A running receiver for this protocol on a free loopback port. */
    public OtlpReceiver startReceiver() {
        return this == GRPC ? OtlpReceiver.startGrpc() : OtlpReceiver.startHttp();
    }

    @Override
    public String toString() {
        return otelName;
    }
}
