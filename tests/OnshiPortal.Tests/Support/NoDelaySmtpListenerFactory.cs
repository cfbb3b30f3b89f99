using System.IO.Pipelines;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using SmtpServer;
using SmtpServer.IO;
using SmtpServer.Net;

namespace OnshiPortal.Tests.Support;

/// <summary>
/// Endpoints for the SmtpServer package whose accepted connections have Nagle's algorithm off. The package's own
/// listener leaves it on, and it writes each reply with its own flush: the reply to RCPT, pipelined by MailKit behind
/// MAIL, waits for the client's delayed ACK of the reply to MAIL (40 ms on Linux), about 45 ms a mail on loopback.
/// A real relay (Postfix) sends the replies to a pipelined group together. Also linked into the SMTP bench.
/// No STARTTLS: the tests and the bench give the server no certificate, so it never offers it.
/// </summary>
public sealed class NoDelaySmtpListenerFactory : IEndpointListenerFactory
{
    public IEndpointListener CreateListener(IEndpointDefinition endpointDefinition)
    {
        var listener = new TcpListener(endpointDefinition.Endpoint);
        listener.Start();
        return new Listener(listener);
    }

    private sealed class Listener(TcpListener listener) : IEndpointListener
    {
        public async Task<ISecurableDuplexPipe> GetPipeAsync(ISessionContext context, CancellationToken cancellationToken)
        {
            var socket = await listener.AcceptSocketAsync(cancellationToken);
            socket.NoDelay = true;

            // As the package's listener records them, for whatever reads them.
            context.Properties[EndpointListener.LocalEndPointKey] = listener.LocalEndpoint;
            context.Properties[EndpointListener.RemoteEndPointKey] = socket.RemoteEndPoint!;
            return new Connection(new NetworkStream(socket, ownsSocket: true));
        }

        public void Dispose() => listener.Stop();
    }

    private sealed class Connection(NetworkStream stream) : ISecurableDuplexPipe
    {
        public PipeReader Input { get; } = PipeReader.Create(stream);

        public PipeWriter Output { get; } = PipeWriter.Create(stream);

        public bool IsSecure => false;

        public SslProtocols SslProtocol => SslProtocols.None;

        public Task UpgradeAsync(X509Certificate certificate, SslProtocols protocols, CancellationToken cancellationToken) =>
            throw new NotSupportedException("The loopback SMTP server has no certificate and offers no STARTTLS.");

        public void Dispose() => stream.Dispose();
    }
}
