import Foundation
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypes
import NIOTLS

/// How long each step of a connection may take, and how many connections may be open at once: a client that does
/// not keep up is closed, so slow or silent connections (slowloris) cannot pile up.
public struct ConnectionLimits: Sendable, Equatable {
    /// From accept to a completed TLS handshake.
    public var handshakeTimeout: TimeInterval
    /// From the first byte of a request to the end of its head (request line and headers).
    public var headerTimeout: TimeInterval
    /// From the end of a request's head to the end of its body.
    public var bodyTimeout: TimeInterval
    /// Waiting for a request: after the handshake (or accept, without TLS) and after each response.
    public var idleTimeout: TimeInterval
    /// Connections open at once; beyond it new clients wait in the listen backlog.
    public var maximumConnections: Int

    public init(
        handshakeTimeout: TimeInterval = 10, headerTimeout: TimeInterval = 10, bodyTimeout: TimeInterval = 30,
        idleTimeout: TimeInterval = 30, maximumConnections: Int = 512
    ) {
        self.handshakeTimeout = handshakeTimeout
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.maximumConnections = maximumConnections
    }
}

/// The first handler of every connection: it keeps the one deadline of the connection's current step and closes
/// the connection when it passes. It sees raw bytes (before TLS), so a byte arriving while the connection waits for
/// a request starts the header deadline; ``RequestProgressObserver``, after the HTTP decoder, reports the handshake,
/// the end of a head, of a request and of a response.
final class ConnectionGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    enum Step: Equatable {
        case handshake, idle, head, body, busy
    }

    private let limits: ConnectionLimits
    private var step: Step
    private var started = false
    /// A request's head arrived and its response is not written yet.
    private var awaitingResponse = false
    private var timer: Scheduled<Void>?
    private var context: ChannelHandlerContext?

    init(limits: ConnectionLimits, tls: Bool) {
        self.limits = limits
        self.step = tls ? .handshake : .idle
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { start() }
    }

    func channelActive(context: ChannelHandlerContext) {
        start()
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if step == .idle { enter(.head) }
        context.fireChannelRead(data)
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancel()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancel()
        self.context = nil
    }

    // MARK: Steps reported by RequestProgressObserver

    func handshakeCompleted() {
        if step == .handshake { enter(.idle) }
    }

    func headReceived() {
        awaitingResponse = true
        enter(.body)
    }

    /// The end of a request: the service works without deadline until it answers — unless it already has (a 413
    /// sent before the body ended), then the connection waits for its next request.
    func requestReceived() {
        enter(awaitingResponse ? .busy : .idle)
    }

    /// A response is out: the next request is awaited, or, when the body of the answered request is still arriving,
    /// its deadline keeps running.
    func responseSent() {
        awaitingResponse = false
        if step != .body { enter(.idle) }
    }

    // MARK: The deadline

    private func start() {
        guard !started else { return }
        started = true
        enter(step)
    }

    private func enter(_ next: Step) {
        cancel()
        step = next
        guard started, let context else { return }
        let seconds: TimeInterval
        switch next {
        case .handshake: seconds = limits.handshakeTimeout
        case .idle: seconds = limits.idleTimeout
        case .head: seconds = limits.headerTimeout
        case .body: seconds = limits.bodyTimeout
        case .busy: return
        }
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(Int64(seconds * 1000))) {
            [weak self] in
            self?.expire()
        }
    }

    private func expire() {
        timer = nil
        context?.close(promise: nil)
    }

    private func cancel() {
        timer?.cancel()
        timer = nil
    }
}

/// After the HTTP decoder: tells the connection's ``ConnectionGuard`` when the TLS handshake completes, a request's
/// head and whole request arrive, and a response has been written.
final class RequestProgressObserver: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var connection: ConnectionGuard?

    func handlerAdded(context: ChannelHandlerContext) {
        connection = try? context.pipeline.syncOperations.handler(type: ConnectionGuard.self)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        connection = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: connection?.headReceived()
        case .end: connection?.requestReceived()
        case .body: break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { connection?.responseSent() }
        context.write(data, promise: promise)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let tls = event as? TLSUserEvent, case .handshakeCompleted = tls { connection?.handshakeCompleted() }
        context.fireUserInboundEventTriggered(event)
    }
}

/// A child channel (HTTP/1, with or without TLS) whose connections get a ``ConnectionGuard`` first in their
/// pipeline.
struct GuardedChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value

    let base: Base
    let limits: ConnectionLimits
    let tls: Bool

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(ConnectionGuard(limits: limits, tls: tls), position: .first)
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}
