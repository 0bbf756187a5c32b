package com.example.app.support;

/** A service interface whose implementation the policy reaches by naming the interface. */
public interface Authenticator {
    /** Returns the signed-in username; a wrong password or an unknown account is an exception. */
    String authenticate(Credentials credentials) throws BadPasswordException, NoSuchAccountException;
}
