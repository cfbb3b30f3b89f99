using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OnshiPortal.Features.Activation;
using OnshiPortal.Features.Campaigns.Letters;
using OnshiPortal.Features.Institutions;

namespace OnshiPortal.Features.Campaigns;

internal sealed class CampaignConfiguration : IEntityTypeConfiguration<Campaign>
{
    public void Configure(EntityTypeBuilder<Campaign> builder)
    {
        builder.ToTable("Campaigns");
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.CreatedBy).HasMaxLength(256);
        builder.Property(c => c.EnforcementSentence).HasMaxLength(LetterSentences.MaxEnforcementLength);
        builder.Property(c => c.TransitionSentence).HasMaxLength(LetterSentences.MaxTransitionLength);
        builder.Ignore(c => c.Sentences);
        builder.HasOne<Campaign>().WithMany().HasForeignKey(c => c.AfterCampaignId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class CampaignLetterConfiguration : IEntityTypeConfiguration<CampaignLetter>
{
    public void Configure(EntityTypeBuilder<CampaignLetter> builder)
    {
        builder.ToTable("CampaignLetters");
        builder.Property(l => l.InstitutionCode).HasMaxLength(InstitutionCode.Length).IsUnicode(false);
        builder.Property(l => l.PostalCode).HasMaxLength(7).IsUnicode(false);
        builder.Property(l => l.LoginId).HasMaxLength(LoginId.MaxLength).IsUnicode(false);
        builder.Property(l => l.SealedPassword).HasMaxLength(LetterPasswordSeal.MaxSealedLength);
        builder.Property(l => l.SealKeyId).HasMaxLength(CredentialKey.MaxIdLength).IsUnicode(false);
        builder.Property(l => l.SkipReason).HasMaxLength(200);
        builder.Property(l => l.Version).IsConcurrencyToken();

        // One letter per institution and campaign: the guarantee that a rerun never mails a target twice.
        builder.HasIndex(l => new { l.CampaignId, l.InstitutionCode }).IsUnique();

        // The "next batch of pending letters", and the counts by state.
        builder.HasIndex(l => new { l.CampaignId, l.State, l.Id });

        // The campaign funnels and response curves: the issued letters by campaign, response day and steps, one range
        // of the index alone, grouped in its order.
        builder.HasIndex(l => new { l.State, l.CampaignId, l.RespondedOn, l.FunnelSteps })
            .HasDatabaseName("IX_CampaignLetters_Funnel");

        // The call centre's "letters mailed to this institution".
        builder.HasIndex(l => l.InstitutionCode);
        builder.HasOne<Campaign>().WithMany().HasForeignKey(l => l.CampaignId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Institution>().WithMany().HasForeignKey(l => l.InstitutionCode).OnDelete(DeleteBehavior.Restrict);
    }
}
