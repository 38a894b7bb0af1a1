/**
 * Restoring one stream. {@code StreamRestorer} tells the story and changes nothing until every
 * check has passed; {@code RestoreDryRun} walks the same steps and stops before the first change.
 *
 * <pre>
 * header -> target (and any leftover of an interrupted restore) -> method -> plan  = RestoreSetup
 * refusals on the setup alone -> VerifyPass over the whole snapshot -> checks against the server
 * -> PublishingRestore | ServerSideRestore -> on failure, TargetState says what the target holds
 * </pre>
 */
package io.jetsnap.core.restore;
