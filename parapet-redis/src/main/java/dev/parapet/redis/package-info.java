/**
 * A {@link dev.parapet.tls.session.SessionStore} shared through Redis, so that every server of a fleet resumes every
 * other's sessions and a replayed 0-RTT ticket is refused fleet-wide: {@link dev.parapet.redis.RedisSessionStore}.
 */
package dev.parapet.redis;
