/**
 * What the target gets: the final and load configurations ({@code RestorePlan}), checked on a
 * scratch stream ({@code ConfigProbe}) for fields the server would refuse, change or not know,
 * and a bucket restored under another name ({@code BucketRename}).
 */
package io.jetsnap.core.restore.plan;
