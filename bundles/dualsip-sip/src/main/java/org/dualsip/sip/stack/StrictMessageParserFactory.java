package org.dualsip.sip.stack;

import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.stack.SIPTransactionStack;

/** Gives JAIN-SIP our {@link StrictMessageParser}; named in gov.nist.javax.sip.MESSAGE_PARSER_FACTORY. */
public final class StrictMessageParserFactory implements MessageParserFactory {

    @Override
    public MessageParser createMessageParser(SIPTransactionStack stack) {
        return new StrictMessageParser();
    }
}
