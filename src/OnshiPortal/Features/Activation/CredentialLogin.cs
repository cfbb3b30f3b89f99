namespace OnshiPortal.Features.Activation;

/// <param name="Check">Null when the throttle refused the attempt: it was not checked.</param>
public sealed record CredentialLoginAttempt(ThrottleDecision Throttle, CredentialCheck? Check)
{
    public bool IsValid => Check?.IsValid == true;
}

/// <summary>
/// A login with a temporary credential, throttled: what the activation page calls. An attempt the throttle
/// refuses is neither checked against the hash nor counted as a failure, so a flood from one address stays
/// blocked at that address and does not grow the delay of the login ID it targets.
/// </summary>
public sealed class CredentialLogin(LoginThrottle throttle, TemporaryCredentials credentials)
{
    public async Task<CredentialLoginAttempt> AttemptAsync(string clientAddress, string loginId, string password, CancellationToken cancellationToken = default)
    {
        var decision = await throttle.CheckAsync(clientAddress, loginId, cancellationToken);
        if (!decision.Allowed)
        {
            return new CredentialLoginAttempt(decision, null);
        }

        var check = await credentials.VerifyAsync(loginId, password, cancellationToken);
        switch (check.Outcome)
        {
            case CredentialOutcome.Unknown or CredentialOutcome.WrongPassword:
                await throttle.RecordFailureAsync(clientAddress, loginId, cancellationToken);
                break;
            case CredentialOutcome.Valid:
                await throttle.RecordSuccessAsync(clientAddress, loginId, cancellationToken);
                break;
            default:
                // The right password of a spent letter: not a guess, and not a success either.
                break;
        }

        return new CredentialLoginAttempt(decision, check);
    }
}
